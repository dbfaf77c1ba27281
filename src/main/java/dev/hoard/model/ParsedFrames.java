package dev.hoard.model;

import java.util.List;

/** A batch of stream frames after parsing: what was understood, in order, and what was not. */
public record ParsedFrames(List<LiveFrame> frames, List<DeadLetter> rejects) {

    public ParsedFrames {
        frames = List.copyOf(frames);
        rejects = List.copyOf(rejects);
    }
}
