package org.threadgate.server.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.threadgate.facade.authoring.ReloadStatus;
import org.threadgate.facade.json.FieldError;

/**
 * An RFC 9457 problem document. {@code code} is a stable machine-readable name of the problem (a public contract like
 * the reason codes); {@code errors} lists invalid fields by JSON path; {@code line} places a problem in a streamed
 * body; {@code reload} is the rejected attempt of a policy reload; {@code instance} identifies one occurrence of a
 * server-side failure (5xx), as {@code urn:uuid:...}, the same id the server logged it with.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiProblem(String type, String title, int status, String detail, String code, String instance,
                         Integer line, List<FieldError> errors, ReloadStatus reload) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static ApiProblem of(int status, String title, String code, String detail) {
        return new ApiProblem("about:blank", title, status, detail, code, null, null, null, null);
    }

    public ApiProblem withErrors(List<FieldError> fieldErrors) {
        return new ApiProblem(type, title, status, detail, code, instance, line, fieldErrors, reload);
    }

    public ApiProblem atLine(int lineNumber) {
        return new ApiProblem(type, title, status, "line " + lineNumber + ": " + detail, code, instance, lineNumber,
                errors, reload);
    }

    /** A problem about a rejected policy set, carrying the attempt that rejected it. */
    public ApiProblem withReload(ReloadStatus status) {
        return new ApiProblem(type, title, this.status, detail, code, instance, line, errors, status);
    }

    /** The same problem, as the occurrence {@code id} (logged under that id). */
    public ApiProblem occurrence(String id) {
        return new ApiProblem(type, title, status, detail, code, "urn:uuid:" + id, line, errors, reload);
    }
}
