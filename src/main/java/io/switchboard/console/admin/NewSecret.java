package io.switchboard.console.admin;

import io.quarkus.qute.TemplateData;

/** A secret just generated, shown once on the page that created it. */
@TemplateData
public record NewSecret(String of, String secret) {
}
