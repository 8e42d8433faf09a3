"""The Qt GUI: thin widgets and lazy models over the services. The only package that imports Qt."""
