package org.threadgate.server.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.threadgate.facade.json.Json;
import org.threadgate.server.problem.ApiProblem;

/**
 * Jetty's own errors (a request line or URI it cannot parse, an illegal path encoding) as problem+json, like every
 * other error of the API, instead of Jetty's HTML page.
 */
final class ProblemErrorHandler extends ErrorHandler {
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, ApiProblem.MEDIA_TYPE);
        return ByteBuffer.wrap(problem(status, reason).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
                                              HttpServletResponse response, int code, String message)
            throws IOException {
        baseRequest.setHandled(true);
        response.setContentType(ApiProblem.MEDIA_TYPE);
        response.getOutputStream().write(problem(code, message).getBytes(StandardCharsets.UTF_8));
    }

    private static String problem(int status, String reason) {
        String title = HttpStatus.getMessage(status);
        String detail = "the HTTP request could not be read: " + (reason == null || reason.isBlank() ? title
                : reason) + " (check the request line, the path's encoding and the headers)";
        return Json.write(ApiProblem.of(status, title, status == 400 ? "MALFORMED_HTTP" : "HTTP_" + status, detail));
    }
}
