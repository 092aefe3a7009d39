package org.threadgate.model;

/** What a person did to stop a business reaching them. */
public enum BlockKind {
    /** The person blocked the business. */
    BLOCKED_BUSINESS,
    /** The person turned the business's messages off. */
    MESSAGES_TURNED_OFF
}
