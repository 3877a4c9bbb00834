/** Test fixtures that protocol shares with other modules through its test-jar. */
package io.trustdm.protocol.testing;
