/**
 * The recommendations endpoint: a customer's items from the last batch run's {@code
 * recommendations.csv}, less what they bought since (live orders in the store).
 */
package io.tessera.server.recommend;
