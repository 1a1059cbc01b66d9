package io.switchboard.api;

import io.switchboard.error.HubError;

import io.switchboard.error.FieldError;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The shape of every error answer, as {@link ProblemMapper#body} writes it: the OpenAPI document's {@code Problem}
 * schema. Only the document uses this type; the mapper builds the same fields as a map.
 */
@Schema(name = "Problem", description = "An RFC 9457 problem (application/problem+json). `detail` says what was wrong"
        + " and how to fix it; `message` repeats it for Open Connectors clients. Extra members (e.g. `twilioCode`,"
        + " `receiptId`) appear where an operation says so.", additionalProperties = Schema.True.class)
public record ProblemDocument(
        @Schema(description = "Always about:blank", examples = "about:blank", required = true) String type,
        @Schema(description = "The HTTP reason phrase", examples = "Bad Request", required = true) String title,
        @Schema(description = "The HTTP status", examples = "400", required = true) int status,
        @Schema(description = "What was wrong and how to fix it", required = true,
                examples = "configuration is missing required keys: twilio.account.sid, twilio.auth.token") String detail,
        @Schema(description = "The same as detail", required = true,
                examples = "configuration is missing required keys: twilio.account.sid, twilio.auth.token") String message,
        @Schema(description = "The fields or configuration keys at fault, when there are any") List<FieldError> errors,
        @Schema(description = "Finds the hub's log lines about this request (also the X-Request-Id header)",
                examples = "01JD8Z6Q4T9X2M5N7P3R1S0VWY", required = true) String requestId) {

    /** One field or configuration key at fault; the same as {@link FieldError}. */
    @Schema(name = "FieldError")
    public record FieldError(
            @Schema(examples = "to", required = true) String field,
            @Schema(examples = "must be in E.164 form, e.g. +14155550100", required = true) String message) {
    }
}
