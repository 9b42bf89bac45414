package dev.mia.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mia.core.DataFormatException;
import org.jspecify.annotations.Nullable;

/**
 * One record as a source found it: its place in the input and either its JSON tree or the reason it
 * could not be parsed (a failure the reader may skip).
 *
 * @param line the 1-based line where the record starts
 * @param column the 1-based column where it starts, or -1 when the line says it all (JSONL)
 * @param recordIndex the 0-based index in a JSON array, or -1 for JSONL
 * @param node the record, or {@code null} if it failed
 * @param failure why it could not be parsed, or {@code null}
 */
record RawRecord(
    long line,
    long column,
    long recordIndex,
    @Nullable JsonNode node,
    @Nullable DataFormatException failure) {}
