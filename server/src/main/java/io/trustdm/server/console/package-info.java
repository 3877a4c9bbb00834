/**
 * The web console: static ES modules served from the classpath at {@code /console/}, with a strict Content Security
 * Policy. The console talks only to the REST API; nothing is fetched from outside at run time.
 */
package io.trustdm.server.console;
