/** What every platform's progress messages must satisfy, checked on the fakes' recorded histories. */
package io.storyreel.app.progress;
