package org.threadgate.model;

/** A person who may receive a sponsored message. */
public record Person(String id) {
    /**
     * Checks that the id is non-blank; the message names the field.
     *
     * @param id the id, non-blank
     */
    public Person {
        Checks.id(id, "person.id");
    }
}
