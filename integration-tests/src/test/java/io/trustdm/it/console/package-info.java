/** Browser tests of the web console: real server, real device agent, Debian Chromium driven by Selenium. */
package io.trustdm.it.console;
