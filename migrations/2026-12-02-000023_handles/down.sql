ALTER TABLE users DROP CONSTRAINT users_handle_shape, DROP KEY users_handle, DROP COLUMN handle;
