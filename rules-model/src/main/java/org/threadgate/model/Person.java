package org.threadgate.model;

/** A person who may receive a sponsored message. */
public record Person(String id) {
    public Person {
        Checks.id(id, "person.id");
    }
}
