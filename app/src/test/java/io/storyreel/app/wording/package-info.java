/**
 * Every message the bot can say, through the real engine, the real providers against their simulators and each
 * adapter's real command syntax: scanned for another platform's forms and for a clause said twice.
 */
package io.storyreel.app.wording;
