package dev.hoard.stream;

import java.util.List;

/** Decides, at each (re)start of a stream, which connections it opens and what each subscribes to. */
public interface StreamPlanner {

    List<ShardPlan> plan();
}
