/**
 * Why a customer is where they are: {@link io.tessera.reason.Reasons}, a typed list of one
 * customer's reasons (what puts them in their cluster, what drives their churn score), formatted in
 * one place into the {@code reasons} cell of {@code customers.csv}.
 */
package io.tessera.reason;
