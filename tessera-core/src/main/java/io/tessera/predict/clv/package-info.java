/**
 * Customer lifetime value: the BG/NBD model of repeat purchasing (who is still alive, how many
 * purchases to expect) and the Gamma-Gamma model of spend per purchase, fitted by bounded maximum
 * likelihood on each customer's (x, t_x, T) summary; {@link io.tessera.predict.clv.ClvFit} checks
 * that they fit the data and otherwise falls back to an empirical purchase rate, saying why.
 */
package io.tessera.predict.clv;
