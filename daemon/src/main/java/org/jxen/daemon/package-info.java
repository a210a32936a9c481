/** jxend. */
package org.jxen.daemon;
