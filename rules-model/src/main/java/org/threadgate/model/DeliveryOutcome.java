package org.threadgate.model;

/** Whether a sponsored message may land in a person's thread. */
public enum DeliveryOutcome {
    /** No policy is violated: the message may land. */
    DELIVER,
    /** At least one policy is violated; the decision's reasons say which. */
    SUPPRESS
}
