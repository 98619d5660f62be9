package io.tessera.store.live;

import java.time.Instant;

/**
 * One message to one webhook. The id is unique and sent in the {@code X-Tessera-Delivery} header so
 * that receivers can drop a delivery they have already processed (retries reuse it).
 */
public record WebhookDelivery(
    String deliveryId, String webhookId, String trigger, String payload, Instant createdAt) {}
