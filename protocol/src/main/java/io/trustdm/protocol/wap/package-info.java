/**
 * The WAP Push path of a DM notification or bootstrap: the connectionless WSP Push PDU
 * ({@link io.trustdm.protocol.wap.WspPushPdu}) and its carriage in WDP over SMS
 * ({@link io.trustdm.protocol.wap.SmsUserDataHeader}, {@link io.trustdm.protocol.wap.SmsSegmenter},
 * {@link io.trustdm.protocol.wap.SmsReassembler}). WAP Push is not a Secure Transport: a bootstrap must never be
 * accepted from it, whatever SEC/MAC it carries.
 */
package io.trustdm.protocol.wap;
