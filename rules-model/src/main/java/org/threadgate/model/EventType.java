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
    /** The person blocked the business. */
    BLOCK(false),
    /** The person unblocked the business. */
    UNBLOCK(false),
    /** The person turned the business's messages off. */
    MESSAGES_OFF(false),
    /** The person turned the business's messages back on. */
    MESSAGES_ON(false),
    /**
     * The business's sponsored message was delivered to the person (with its {@code campaignId}): recorded in the
     * thread's delivery history, not an interaction.
     */
    SPONSORED_MESSAGE(false),
    /** The platform reported the person's profile: their {@code timeZone}, the latest report winning. */
    PERSON_PROFILE(false);

    private final boolean interaction;

    EventType(boolean interaction) {
        this.interaction = interaction;
    }

    /**
     * Whether this is one of the person's own actions, the only events that open a thread and start the suppression
     * window.
     *
     * @return true for the person's own actions
     */
    public boolean interaction() {
        return interaction;
    }
}
