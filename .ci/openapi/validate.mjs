// node validate.mjs <openapi.json>: exit 0 and one line when @apidevtools/swagger-parser accepts the
// document (schema and spec checks), else exit 1 with its reason.
import SwaggerParser from "@apidevtools/swagger-parser";

try {
  const api = await SwaggerParser.validate(process.argv[2]);
  console.log(`valid: ${api.info.title} ${api.info.version}, ${Object.keys(api.paths).length} paths`);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
