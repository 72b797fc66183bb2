# gradebox: multi-stage image. The build stage uses the project's own scripts, so what the image
# runs is what `make test` tested. Shipped tools: gradebox, gradebox-kernel, gradebox-worker,
# gradebox-run, gradebox-export (under /opt/gradebox/bin, on PATH).
FROM debian:bookworm AS build
WORKDIR /src
COPY . .
RUN images/build.sh /opt/gradebox

FROM debian:bookworm-slim AS runtime
LABEL org.opencontainers.image.title="gradebox" \
      org.opencontainers.image.description="Sandboxed grading runtime for Jupyter notebooks" \
      org.opencontainers.image.licenses="BSD-3-Clause" \
      org.opencontainers.image.source="https://github.com/gradebox/gradebox"
COPY images/runtime-deps.sh /usr/local/lib/gradebox/runtime-deps.sh
RUN /usr/local/lib/gradebox/runtime-deps.sh
COPY --from=build /opt/gradebox /opt/gradebox
ENV PATH=/opt/gradebox/bin:$PATH
RUN useradd --create-home --uid 1000 --shell /bin/bash grader
USER 1000
WORKDIR /home/grader
HEALTHCHECK --interval=60s --timeout=10s CMD ["gradebox", "doctor"]
ENTRYPOINT ["tini", "--"]
CMD ["gradebox", "--help"]
