package org.threadgate.facade.json;

/** One invalid field of a request: its JSON path ({@code campaign.audienceSize}) and what is wrong and accepted. */
public record FieldError(String field, String message) {
}
