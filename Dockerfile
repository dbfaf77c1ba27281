# Builds hoard.jar and runs it. The jar carries the embedded PostgreSQL binaries of the build
# platform, but docker-compose.yml points Hoard at TimescaleDB through DATABASE_URL.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# The goals `mvn package` runs, named one by one: the lifecycle would also download every test
# dependency (test-scope resolution happens even with -Dmaven.test.skip=true); these need only the
# compile and runtime ones, and the tests are neither compiled nor fetched.
ARG MAVEN_GOALS="resources:resources compiler:compile jar:jar shade:shade@default"
# Dependency cache: the same build of the pom alone fetches every plugin and runtime dependency. This
# layer is rebuilt only when pom.xml changes; a source change starts from the next one.
COPY pom.xml .
RUN mvn -B -q -Dmaven.test.skip=true $MAVEN_GOALS && rm -rf target
COPY src/main src/main
COPY routes routes
COPY sql sql
COPY config config
COPY application.properties .
RUN mvn -B -q -o -Dmaven.test.skip=true $MAVEN_GOALS

FROM eclipse-temurin:17-jre
WORKDIR /app
# data/: the embedded PostgreSQL (unused with DATABASE_URL); exports/: `export --out exports/`;
# work/: spool files of HTTP exports and TWAP objects, and the JVM's temporary files.
RUN useradd --system --home /app hoard \
    && mkdir -p /app/data /app/exports /app/work && chown hoard /app/data /app/exports /app/work
COPY --from=build /src/target/hoard.jar /app/hoard.jar
COPY routes /app/routes
COPY sql /app/sql
COPY config /app/config
COPY application.properties /app/application.properties
USER hoard
ENV HOARD_HOME=/app \
    HOARD_EXPORT_SPOOL_DIR=/app/work \
    HOARD_TWAP_SPOOL_DIR=/app/work \
    JAVA_TOOL_OPTIONS="-Djava.io.tmpdir=/app/work"
# 8080: HTTP API and /metrics; 8778: the Jolokia agent, when HOARD_JOLOKIA_ENABLED=true
EXPOSE 8080 8778
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/hoard.jar"]
CMD ["run"]
