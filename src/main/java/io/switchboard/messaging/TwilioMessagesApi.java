package io.switchboard.messaging;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/**
 * Twilio's Messages API, as a Quarkus REST client built per {@code twilio.base.url} by {@link TwilioClient}.
 * The form holds {@code To}, {@code From}, {@code Body}, {@code MediaUrl} (repeated) and {@code StatusCallback}.
 */
@Path("/2010-04-01/Accounts/{accountSid}/Messages.json")
public interface TwilioMessagesApi {

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Response create(@PathParam("accountSid") String accountSid,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, MultivaluedMap<String, String> form);
}
