/**
 * The live server's tables and every statement on them: the writer's group commits ({@link
 * io.tessera.store.live.LiveWriter}), the state a start reads back ({@link
 * io.tessera.store.live.LiveReader}), and the short reads and writes of the API, keys, audit log
 * and webhooks. The server holds no SQL and no JDBC type; it calls these purpose-named methods.
 */
package io.tessera.store.live;
