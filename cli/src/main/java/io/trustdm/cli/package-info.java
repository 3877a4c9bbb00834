/**
 * The {@code trustdm} command line: one picocli application whose subcommands front every layer. Errors reach the
 * user as one line on stderr and a non-zero exit code; stack traces only with {@code --verbose}.
 */
package io.trustdm.cli;
