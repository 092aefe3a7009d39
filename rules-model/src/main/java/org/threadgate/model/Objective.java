package org.threadgate.model;

/** The advertising objective a campaign runs under; only {@link #MESSAGES} may send sponsored messages. */
public enum Objective {
    MESSAGES, LINK_CLICKS, CONVERSIONS, REACH, TRAFFIC, ENGAGEMENT
}
