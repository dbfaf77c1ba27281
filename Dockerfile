# Builds hoard.jar and runs it. The jar carries the embedded PostgreSQL binaries of the build
# platform, but docker-compose.yml points Hoard at TimescaleDB through DATABASE_URL.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY src src
COPY routes routes
COPY sql sql
COPY application.properties .
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
WORKDIR /app
RUN useradd --system --home /app hoard && mkdir -p /app/data && chown hoard /app/data
COPY --from=build /src/target/hoard.jar /app/hoard.jar
COPY routes /app/routes
COPY sql /app/sql
COPY config /app/config
COPY application.properties /app/application.properties
USER hoard
ENV HOARD_HOME=/app
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/hoard.jar"]
CMD ["run"]
