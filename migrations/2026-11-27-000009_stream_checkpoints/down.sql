DROP TABLE stream_checkpoints;
