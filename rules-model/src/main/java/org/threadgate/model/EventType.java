package org.threadgate.model;

/** What happened in a thread, as the messaging platform reports it. */
public enum EventType {
    /** The person sent a message. */
    PERSON_MESSAGE(true),
    /** The person tapped a button (a postback). */
    PERSON_POSTBACK(true),
    /** The person reacted to a message. */
    PERSON_REACTION(true),
    /** The person arrived through a ref link. */
    PERSON_REFERRAL(true),
    /** The business sent a message: recorded, but not an interaction, so it never opens a thread. */
    BUSINESS_MESSAGE(false),
    BLOCK(false),
    UNBLOCK(false),
    MESSAGES_OFF(false),
    MESSAGES_ON(false);

    private final boolean interaction;

    EventType(boolean interaction) {
        this.interaction = interaction;
    }

    /** True for the person's own actions, the only events that open a thread and start the suppression window. */
    public boolean interaction() {
        return interaction;
    }
}
