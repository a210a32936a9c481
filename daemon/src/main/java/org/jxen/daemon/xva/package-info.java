/**
 * XAPI's XVA format, read: the tar stream {@code PUT /import} takes ({@code ova.xml}, the objects of
 * an exported VM as one XML-RPC value, then each disk's 1 MiB chunks with their SHA-1 or XXH64
 * checksums), as XAPI's import.ml and stream_vdi.ml read it.
 */
package org.jxen.daemon.xva;
