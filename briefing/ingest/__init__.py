"""Ingest: files, folders, standard input and web pages in, cleaned `Document`s out."""
