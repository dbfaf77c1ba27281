import io.hawt.embedded.HawtioDefaultLocator;
import io.hawt.embedded.Main;
import picocli.CommandLine;

/**
 * Hawtio 3.0.0 standalone: the embedded Jetty of {@code io.hawt:hawtio-embedded} serving the
 * {@code hawtio.war} bundled in that jar, with its own options ({@code --port}, {@code --host},
 * {@code --context-path}, {@code --help}). hawtio-embedded ships no launcher of its own that reads
 * arguments; this is the one JBang's Hawtio script runs. Started by the JDK's source launcher:
 * {@code java -cp 'ops/hawtio/target/lib/*' ops/hawtio/Hawtio.java --port 8090}.
 */
public class Hawtio {
    public static void main(String[] args) {
        Main main = new Main();
        HawtioDefaultLocator.setWar(main);
        int exit = new CommandLine(main).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }
}
