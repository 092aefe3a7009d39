package org.threadgate.model;

/** The advertising objective a campaign runs under; only {@link #MESSAGES} may send sponsored messages. */
public enum Objective {
    /** Messages: the only objective under which sponsored messages may be sent. */
    MESSAGES,
    /** Link clicks. */
    LINK_CLICKS,
    /** Conversions. */
    CONVERSIONS,
    /** Reach. */
    REACH,
    /** Traffic. */
    TRAFFIC,
    /** Engagement. */
    ENGAGEMENT
}
