package org.threadgate.model;

/** Whether a sponsored message may land in a person's thread. */
public enum DeliveryOutcome {
    DELIVER, SUPPRESS
}
