/**
 * Bootstrap end to end: from a smartcard (jcardsim applet, and through pcscd + vpcd), and the conformance matrix of
 * every delivery channel × profile × SEC/MAC option against the change request's rules.
 */
package io.trustdm.it.bootstrap;
