package org.threadgate.facade.json;

/** More events in one request than the limit. */
public class TooManyEventsException extends RuntimeException {
    /**
     * A request over the limit.
     *
     * @param count the events sent
     * @param limit the most taken per request
     */
    public TooManyEventsException(int count, int limit) {
        super("the request has " + count + " events; at most " + limit + " are taken per request: send the rest in"
                + " further requests");
    }
}
