package io.switchboard.console;

import io.switchboard.error.FieldError;

import io.quarkus.qute.TemplateData;
import io.switchboard.element.ElementDescriptor;
import io.switchboard.history.Activity;
import io.switchboard.history.DeliveryView;
import io.switchboard.history.ReceiptDetail;
import io.switchboard.history.ReceiptSummary;
import io.switchboard.instance.InstanceView;
import io.switchboard.tenant.AppUser;
import io.switchboard.tenant.Organization;

/** The services' records that console templates read (Qute resolves their accessors without reflection). */
@TemplateData(target = InstanceView.class)
@TemplateData(target = InstanceView.ElementRef.class)
@TemplateData(target = ElementDescriptor.class)
@TemplateData(target = ElementDescriptor.ConfigKey.class)
@TemplateData(target = ElementDescriptor.Events.class)
@TemplateData(target = ReceiptSummary.class)
@TemplateData(target = ReceiptDetail.class)
@TemplateData(target = ReceiptDetail.EventView.class)
@TemplateData(target = ReceiptDetail.NotificationView.class)
@TemplateData(target = DeliveryView.class)
@TemplateData(target = Activity.Counts.class)
@TemplateData(target = Activity.AttemptView.class)
@TemplateData(target = Activity.UrlDeliveries.class)
@TemplateData(target = Organization.class)
@TemplateData(target = AppUser.class)
@TemplateData(target = io.switchboard.messaging.MessageView.class)
@TemplateData(target = io.switchboard.subscription.Subscription.class)
@TemplateData(target = io.switchboard.subscription.Filter.class)
@TemplateData(target = io.switchboard.error.FieldError.class)
final class TemplateTypes {

    private TemplateTypes() {
    }
}
