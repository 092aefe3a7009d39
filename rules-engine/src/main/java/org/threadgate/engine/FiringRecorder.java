package org.threadgate.engine;

import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.threadgate.model.Block;
import org.threadgate.model.Conversation;
import org.threadgate.model.Person;
import org.threadgate.model.Violation;

/**
 * Listens to one evaluation: attributes each inserted {@link Violation} to the rule that inserted it, and each fired
 * rule to the recipient whose facts it matched (or to every recipient when it matched none).
 */
final class FiringRecorder extends DefaultAgendaEventListener implements RuleRuntimeEventListener {
    /** A violation and the rule that recorded it. */
    record Found(String rule, Violation violation) {
    }

    private final ChunkResult result;

    FiringRecorder(ChunkResult result) {
        this.result = result;
    }

    @Override
    public void objectInserted(ObjectInsertedEvent event) {
        if (event.getObject() instanceof Violation violation && event.getRule() != null) {
            result.violation(violation.personId(), new Found(event.getRule().getName(), violation));
        } else if (event.getObject() instanceof org.threadgate.model.RetryWindow window) {
            result.window(window);
        }
    }

    @Override
    public void objectUpdated(ObjectUpdatedEvent event) {
    }

    @Override
    public void objectDeleted(ObjectDeletedEvent event) {
    }

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        String personId = null;
        for (Object fact : event.getMatch().getObjects()) {
            personId = personIdOf(fact);
            if (personId != null) {
                break;
            }
        }
        result.fired(personId, event.getMatch().getRule().getName());
    }

    private static String personIdOf(Object fact) {
        if (fact instanceof Person person) {
            return person.id();
        }
        if (fact instanceof Conversation conversation) {
            return conversation.personId();
        }
        if (fact instanceof Block block) {
            return block.personId();
        }
        return null;
    }
}
