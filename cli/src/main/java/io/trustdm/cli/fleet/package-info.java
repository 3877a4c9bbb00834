/**
 * The fleet simulator behind {@code trustdm fleet}: many simulated Devices, each with its own management tree,
 * credentials and nonces, running Management Sessions against one DM Server at a bounded concurrency, with the
 * server's overload answers honoured. {@link io.trustdm.cli.fleet.FleetSimulator} is the reusable engine (tests and
 * benchmarks run it without the command line); nothing here writes to the terminal except
 * {@link io.trustdm.cli.fleet.ProgressLine}.
 */
package io.trustdm.cli.fleet;
