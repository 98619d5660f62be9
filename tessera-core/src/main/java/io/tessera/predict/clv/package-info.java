/**
 * Customer lifetime value: the BG/NBD model of repeat purchasing (who is still alive, how many
 * purchases to expect) and the Gamma-Gamma model of spend per purchase, fitted by maximum
 * likelihood on each customer's (x, t_x, T) summary.
 */
package io.tessera.predict.clv;
