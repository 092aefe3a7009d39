package org.threadgate.client;

import java.util.List;
import java.util.Optional;

import org.threadgate.client.model.Problem;
import org.threadgate.client.model.ProblemErrorsInner;

/**
 * An error answer from Threadgate, read from its {@code application/problem+json} body. The subclass says what a caller
 * can do about it; {@link #code()} is the stable problem code (a public contract, see the README's table).
 */
public class ProblemException extends RuntimeException {
    private final int status;
    private final transient Problem problem;

    ProblemException(int status, Problem problem, String fallback) {
        super(message(status, problem, fallback));
        this.status = status;
        this.problem = problem;
    }

    /**
     * The HTTP status of the answer.
     *
     * @return the status; for a problem that ended a stream, the status it would have had on its own
     */
    public int status() {
        return status;
    }

    /**
     * The problem document.
     *
     * @return the document, empty when the answer was not problem+json (a proxy's error page, say)
     */
    public Optional<Problem> problem() {
        return Optional.ofNullable(problem);
    }

    /**
     * The stable problem code.
     *
     * @return the code, such as {@code INVALID_REQUEST}, or {@code HTTP_<status>} when there was no problem document
     */
    public String code() {
        if (problem != null && problem.getCode() != null) {
            return problem.getCode();
        }
        return "HTTP_" + status;
    }

    /**
     * The fields the server named as invalid.
     *
     * @return each field with what would be accepted; empty when none was named
     */
    public List<ProblemErrorsInner> errors() {
        return problem == null || problem.getErrors() == null ? List.of() : problem.getErrors();
    }

    /**
     * The line of a streamed request that the problem is about.
     *
     * @return the 1-based line, empty for a problem that is not about a line
     */
    public Optional<Integer> line() {
        return problem == null ? Optional.empty() : Optional.ofNullable(problem.getLine());
    }

    private static String message(int status, Problem problem, String fallback) {
        if (problem == null) {
            return "HTTP " + status + (fallback == null || fallback.isBlank() ? "" : ": " + fallback);
        }
        return status + " " + (problem.getCode() == null ? "" : problem.getCode() + ": ")
                + problem.getDetail() + (problem.getLine() == null ? "" : " (line " + problem.getLine() + ")");
    }

    /**
     * The typed exception for an answer.
     *
     * @param status   the HTTP status
     * @param problem  the problem document, or {@code null} when the body was not one
     * @param fallback text to show when there is no document (the start of the body)
     * @return the exception of the subclass the status calls for
     */
    public static ProblemException of(int status, Problem problem, String fallback) {
        if (status == 401 || status == 403) {
            return new AccessDeniedException(status, problem, fallback);
        }
        if (status == 404 || status == 405) {
            return new NotFoundException(status, problem, fallback);
        }
        if (status == 409) {
            return new ConflictException(status, problem, fallback);
        }
        if (status >= 500) {
            return new UnavailableException(status, problem, fallback);
        }
        return new InvalidRequestException(status, problem, fallback);
    }

    /** The request cannot be taken as it is (400, 413, 415, 422): sending it again will not help. */
    public static final class InvalidRequestException extends ProblemException {
        InvalidRequestException(int status, Problem problem, String fallback) {
            super(status, problem, fallback);
        }
    }

    /** No token, or a token without the route's scope (401, 403). */
    public static final class AccessDeniedException extends ProblemException {
        AccessDeniedException(int status, Problem problem, String fallback) {
            super(status, problem, fallback);
        }
    }

    /** The thing asked about is not there (an unknown campaign, decision, thread or route; 404, 405). */
    public static final class NotFoundException extends ProblemException {
        NotFoundException(int status, Problem problem, String fallback) {
            super(status, problem, fallback);
        }
    }

    /** The service is in a state that does not allow it now (409: no candidate to promote, say). */
    public static final class ConflictException extends ProblemException {
        ConflictException(int status, Problem problem, String fallback) {
            super(status, problem, fallback);
        }
    }

    /** The service cannot answer now (500, 503: rules still compiling, the database unreachable): retry later. */
    public static final class UnavailableException extends ProblemException {
        UnavailableException(int status, Problem problem, String fallback) {
            super(status, problem, fallback);
        }
    }
}
