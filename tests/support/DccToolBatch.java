// Runs the DCC's xmldsig Sign / Validate tool on many files in ONE JVM (test helper, not shipped).
// Usage: java -cp tool.jar DccToolBatch.java sign|validate <in> <out> [<in> <out> ...]
// Prints one line per file: "<in>\t<ResultCode>". Sign runs with --preserveCounter.
import java.io.FileOutputStream;
import java.io.PrintStream;
import uk.co.smartdcc.boxed.xmldsig.ResultCode;
import uk.co.smartdcc.boxed.xmldsig.Sign;
import uk.co.smartdcc.boxed.xmldsig.Validate;

public class DccToolBatch {
    public static void main(String[] args) throws Exception {
        PrintStream console = System.out;
        PrintStream errors = System.err;
        boolean sign = args[0].equals("sign");
        for (int i = 1; i + 1 < args.length; i += 2) {
            ResultCode rc;
            try (PrintStream out = new PrintStream(new FileOutputStream(args[i + 1]), true, "UTF-8");
                 PrintStream err = new PrintStream(new FileOutputStream(args[i + 1] + ".log"), true, "UTF-8")) {
                System.setOut(out);
                System.setErr(err);
                rc = sign ? Sign.main_aux(new String[] {args[i], "--preserveCounter"})
                          : Validate.main_aux(new String[] {args[i]});
            } finally {
                System.setOut(console);
                System.setErr(errors);
            }
            console.println(args[i] + "\t" + rc);
        }
    }
}
