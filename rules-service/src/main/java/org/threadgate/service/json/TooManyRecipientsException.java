package org.threadgate.service.json;

/** A JSON-form batch with more recipients than the limit: the streamed form takes any number. */
public class TooManyRecipientsException extends RuntimeException {
    private final int count;
    private final int limit;

    public TooManyRecipientsException(int count, int limit) {
        super("the batch has " + count + " recipients; the JSON form takes at most " + limit
                + ". Send larger audiences as application/x-ndjson (first line {at?, business, campaign}, then one"
                + " recipient per line), which takes any number.");
        this.count = count;
        this.limit = limit;
    }

    public int count() {
        return count;
    }

    public int limit() {
        return limit;
    }
}
