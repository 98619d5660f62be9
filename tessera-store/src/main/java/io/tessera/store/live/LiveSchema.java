package io.tessera.store.live;

/**
 * The tables the live engine adds to the store (the canonical events, orders and order_items tables
 * are the store's own, shared with {@code tessera run}).
 */
public final class LiveSchema {
  // live_messages holds identify and alias messages; a track, page or screen message is stored as
  // its event (events.event_id = messageId, events._line NULL), which the idempotency check reads
  // back at start. live_dead_letters holds the messages that passed validation but could not be
  // applied or stored (refused alone with 400 so that the rest of their group commit went on); the
  // message's content is not kept, only its ids and the reason
  private LiveSchema() {}

  /** Creates the live tables that do not exist yet. */
  public static void create(io.tessera.store.Store store) {
    try {
      store.execute(SQL);
    } catch (java.sql.SQLException e) {
      throw new io.tessera.store.StoreException(
          "cannot prepare the store's live tables: " + e.getMessage(), e);
    }
  }

  public static final String SQL =
      """
      CREATE TABLE IF NOT EXISTS live_messages (message_id VARCHAR, type VARCHAR, received_at TIMESTAMP,
        user_id VARCHAR, anonymous_id VARCHAR);
      CREATE TABLE IF NOT EXISTS live_identities (anonymous_id VARCHAR, customer_id VARCHAR, linked_at TIMESTAMP,
        message_id VARCHAR);
      CREATE TABLE IF NOT EXISTS live_anonymous_orders (anonymous_id VARCHAR, event_id VARCHAR, order_id VARCHAR,
        ordered_at TIMESTAMP, amount DOUBLE, currency VARCHAR);
      ALTER TABLE live_anonymous_orders ADD COLUMN IF NOT EXISTS attributes JSON;
      CREATE TABLE IF NOT EXISTS live_dead_letters (received_at TIMESTAMP, message_id VARCHAR, type VARCHAR,
        user_id VARCHAR, anonymous_id VARCHAR, reason VARCHAR);
      CREATE TABLE IF NOT EXISTS live_traits (customer_id VARCHAR, received_at TIMESTAMP, traits JSON);
      CREATE TABLE IF NOT EXISTS rule_segments (id VARCHAR, name VARCHAR, expression VARCHAR,
        created_at TIMESTAMP, updated_at TIMESTAMP, deleted_at TIMESTAMP, version INTEGER);
      CREATE TABLE IF NOT EXISTS membership_changes (seq BIGINT, changed_at TIMESTAMP, customer_id VARCHAR,
        segment_id VARCHAR, change VARCHAR, cause VARCHAR, cause_event_id VARCHAR);
      CREATE TABLE IF NOT EXISTS live_models (name VARCHAR, fitted_at TIMESTAMP, model JSON);
      CREATE TABLE IF NOT EXISTS live_log_position (seq BIGINT);
      CREATE TABLE IF NOT EXISTS cart_timers (customer_id VARCHAR, cart_event_id VARCHAR, cart_at TIMESTAMP,
        due_at TIMESTAMP, state VARCHAR);
      CREATE TABLE IF NOT EXISTS api_keys (id VARCHAR, name VARCHAR, role VARCHAR, hash VARCHAR,
        created_at TIMESTAMP, revoked_at TIMESTAMP);
      CREATE TABLE IF NOT EXISTS audit_log (logged_at TIMESTAMP, key_id VARCHAR, role VARCHAR, action VARCHAR,
        customer_id VARCHAR, detail VARCHAR);
      CREATE TABLE IF NOT EXISTS webhooks (id VARCHAR, url VARCHAR, secret VARCHAR, triggers VARCHAR,
        segment_id VARCHAR, created_at TIMESTAMP, deleted_at TIMESTAMP);
      CREATE TABLE IF NOT EXISTS webhook_deliveries (delivery_id VARCHAR, webhook_id VARCHAR, trigger VARCHAR,
        payload JSON, created_at TIMESTAMP, state VARCHAR, attempts INTEGER, next_attempt_at TIMESTAMP);
      CREATE TABLE IF NOT EXISTS webhook_attempts (delivery_id VARCHAR, attempt INTEGER, attempted_at TIMESTAMP,
        status_code INTEGER, error VARCHAR, duration_ms BIGINT);
      """;
}
