"""Imported by the forkserver of flows.workers (its preload): load and warm what reading and
extraction need, once, so that every worker forked from it starts warm."""
from flows.stages import warm_up

warm_up()
