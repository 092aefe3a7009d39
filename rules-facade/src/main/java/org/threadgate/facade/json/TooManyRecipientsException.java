package org.threadgate.facade.json;

/** A JSON-form batch with more recipients than the limit: the streamed form takes any number. */
public class TooManyRecipientsException extends RuntimeException {
    /**
     * A batch over the limit.
     *
     * @param count the recipients sent
     * @param limit the most the JSON form takes
     */
    public TooManyRecipientsException(int count, int limit) {
        super("the batch has " + count + " recipients; the JSON form takes at most " + limit
                + ". Send larger audiences as application/x-ndjson (first line {at?, business, campaign}, then one"
                + " recipient per line), which takes any number.");
    }
}
