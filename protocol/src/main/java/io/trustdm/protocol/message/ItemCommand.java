package io.trustdm.protocol.message;

import java.util.List;

/** The commands whose body is a list of Items addressed by Target: Add, Replace, Delete, Get, Copy. */
public sealed interface ItemCommand extends Command permits Add, Replace, Delete, Get, Copy {
    boolean noResp();

    Cred cred();

    Meta meta();

    List<Item> items();
}
