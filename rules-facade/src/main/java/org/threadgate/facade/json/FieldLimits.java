package org.threadgate.facade.json;

import java.util.regex.Pattern;

/**
 * Limits on single fields of a request.
 *
 * @param maxIdLength           the longest id (business, campaign, person, event)
 * @param maxBlocksPerRecipient the most blocks one recipient may list
 */
public record FieldLimits(int maxIdLength, int maxBlocksPerRecipient) {
    /** The limits the service applies unless configured: ids of 256 characters, 16 blocks per recipient. */
    public static final FieldLimits DEFAULTS = new FieldLimits(256, 16);
    /** Ids are path segments and log fields: letters, digits and a few separators, never spaces or slashes. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@+=-]+");
    static final String ID_CHARACTERS = "letters A-Z a-z, digits and . _ : @ + = -";
}
