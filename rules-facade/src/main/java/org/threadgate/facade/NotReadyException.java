package org.threadgate.facade;

/** No policy set is live yet: the rules are still compiling. */
public class NotReadyException extends RuntimeException {
    /** An exception saying that the rules are still compiling. */
    public NotReadyException() {
        super("the policy rules are still compiling; try again shortly");
    }
}
